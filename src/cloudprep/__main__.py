from cloudprep.cli.main import run

run()

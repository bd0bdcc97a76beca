from cloudprep.cli.entry import run

run()

from newsgraph.cli.main import main

main()

from dagov.cli.app import main

main()

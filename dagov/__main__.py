from dagov.cli import main

main()

import CustodyCLI

CustodyCommand.main()

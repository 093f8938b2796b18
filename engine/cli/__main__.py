"""`python -m engine.cli`: the speclogic command line."""
from engine.cli import main

main()

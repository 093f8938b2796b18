"""speclogic: a behaviour spec as defeasible logic, solved on pyDatalog."""

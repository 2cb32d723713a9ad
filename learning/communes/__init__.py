"""Setting up a province and following its communes: importing the communes (the national
list's CSV format), their coverage targets, and the commune pages staff work from."""

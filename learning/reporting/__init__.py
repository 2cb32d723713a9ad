"""Coverage statistics and weekly and monthly reports for commune officers and province staff."""

"""The seasonal calendar (民情月历): what each kind of problem brings in each month, learnt from history."""

"""The exit codes of `kpi`, in one place. Imports nothing, so that the entry point can end a
run interrupted while the command line is still loading with the right code."""

EXIT_OK = 0
EXIT_PROBLEMS = 1  # the input has problems, or a file cannot be written
EXIT_USAGE = 2  # the command was given wrongly
EXIT_INTERNAL = 70  # a fault of kpi itself: no input may reach it
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C

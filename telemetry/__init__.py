"""What the process counts about itself, for monitoring (issue 15): standard library only."""

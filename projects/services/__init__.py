"""State changes of the projects app. Status changes go through
`projects.workflow.move`; these functions hold the rules of each step."""

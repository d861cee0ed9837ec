"""Relations between acts: references, their targets and the statuses they imply."""

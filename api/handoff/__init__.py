"""Live handoff to PORTNET agents (issue 14): the queue, the agents' presence, and the
contact form's tickets when nobody is there."""

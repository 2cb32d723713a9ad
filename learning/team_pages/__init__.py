"""The pages of a community digital team: its home (tutors with their figures, the size of its
list, its latest events), creating and editing a team, adding and removing its tutors, choosing
its lead. Above teams, events and the roster, whose parts the home page shows."""

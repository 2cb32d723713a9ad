"""Help: how the site works, saving a course for offline use, and who to ask in one's commune
(contacts that the commune officer writes) (issue 11)."""

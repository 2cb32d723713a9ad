"""Small helpers every part of the site's pages uses (forms, confirmation pages). The lowest
layer of the views: it imports Flask and the forms library, nothing of the site's domains."""

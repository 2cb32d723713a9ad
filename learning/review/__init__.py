"""Figures that can be trusted (issue 13): rules that flag implausible lesson completions, which
are then held (not counted) until a commune officer or province staff confirms or rejects them.

- ``rules``: the rules and their thresholds (settings ``FLAG_*``, defaults documented in
  docs/statistics.md, "Flagged completions"), called by the progress service for every lesson
  completion (``progress.services.register_review``, from ``create_app``);
- ``services``: confirming and rejecting a held completion (one write each, audited);
- ``queries``: the held completions a reviewer may see, and the counts under review shown beside
  the confirmed figures;
- ``views``: the review pages.
"""

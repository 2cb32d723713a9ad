"""Certificates: one per completed course and one for the core pathway ("digital citizen"),
printable (A4, A5), downloadable as PDF, with a QR code to a public verification page; an
administrator can revoke one with a reason (issue 11)."""

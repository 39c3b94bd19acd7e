"""Pure normalisation functions: numeral strings to numbers (``numbers``) and date
expressions to ISO 8601 norms and intervals against a reference date (``dates``)."""

"""State changes of the incubators app: one function each, in a transaction,
rows locked, audited, rules checked with messages fit for the user."""

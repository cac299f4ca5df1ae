"""State changes of the orgs app, one function each.

Each runs in one transaction, locks the rows it changes, checks the rule,
changes them, and leaves an audit trail attributed to the acting user.
Rules that fail raise ValidationError with a message fit for the user;
who may call a service is decided by the view that calls it.
"""

"""The Contacts tab: a searchable list of everyone met and a business-card editor.

Importing this package is cheap (no widgets). The default phone region the
editor uses is :mod:`followup_gui.services.contacts.region` (the command line's too).
"""

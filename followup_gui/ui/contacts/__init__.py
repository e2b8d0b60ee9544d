"""The Contacts tab: a searchable list of everyone met and a business-card editor.

Importing this package is cheap (no widgets): the command line uses
:mod:`followup_gui.ui.contacts.region`.
"""

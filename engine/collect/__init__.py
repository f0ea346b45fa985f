"""The collection of a quarter's data: a new quarter, the forms sent to the bodies, the import
of the forms returned, and the campaign's progress."""

"""The XML peers of serialkit's XmlSerializer, one module each, for ``engines.py``.

Each writes and reads the document XmlSerializer writes for the workload's ``Ledger``
(``<Ledger><customers><Customer>...</customers><orders><Order>...``, the customer copied into
each order, ``note`` left out when None), indented by two spaces. Each module is imported only
by its own engine, so a peer that is not installed costs the others nothing.
"""

"""What the tests share: paths (``paths``), tiny specs (``specs``, ``irspecs``), the PHP
writer and PHP's rules (``php_writer``, ``php_rules``), the loopback capture server
(``capture``), the official SDKs set up against it (``official``), and the driver run inside
a fresh virtual environment (``e2e_driver.py``)."""

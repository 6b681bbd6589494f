"""A bare Django site for ``make bench``: one view answering ``ok`` through
Django's default middleware, nothing of the product's. What any Django page
costs on this machine; every measured page is compared with it."""

"""Read-only queries behind the public site's pages, one module per area. Each returns plain data for a
template with a bounded number of SQL queries, whatever the number of rows."""

"""A child's records over their life (issue 13): the retention schedule applied, erasure on
request, the subject access export and the report of who saw what. The store does the rows
(`store.erasure`); this package adds the files on disk and the database's compaction."""

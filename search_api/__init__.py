"""vnstd's server side: reader → search → web, and the `vnstd` command (cli/)."""

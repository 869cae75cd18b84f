"""Developer tooling: the data generator, the local fake GitHub and their commands. Installed in the Local and
Test settings only; the product never imports it and the production image does not carry it."""

export const teamServeHelp = `parley team serve --db postgres://USER@HOST/DB [--host ADDR] [--port N]
                  [--tls-cert FILE --tls-key FILE | --allow-remote]

Starts the team sync service against a PostgreSQL database (creating or upgrading its tables) and
prints the address laptops join with. Several services may run against one database.
  --db URL          PostgreSQL connection string without a password (use ~/.pgpass, a client
                    certificate or trust); one with a password goes in a file or the environment:
  --db-file FILE    read the connection string from FILE (first line)
                    or set PARLEY_TEAM_DB to it
  --host ADDR       address to listen on (default 127.0.0.1)
  --port N          port to listen on, digits only (default: a free one)
  --tls-cert FILE, --tls-key FILE   serve HTTPS (needed for an address other than loopback)
  --allow-remote    listen off loopback without TLS (only behind a TLS-terminating proxy)`

// Declarations of the sync C libraries people call from async code by
// mistake, as their real headers declare them (the libraries are not needed
// to parse a call).
#pragma once
extern "C" {
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
int sqlite3_open(const char *filename, sqlite3 **db);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_exec(sqlite3 *, const char *sql, int (*cb)(void *, int, char **, char **), void *,
                 char **errmsg);
int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **stmt, const char **tail);
typedef void CURL;
typedef int CURLcode;
CURLcode curl_easy_perform(CURL *curl);
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGresult *PQexec(PGconn *conn, const char *query);
PGconn *PQconnectdb(const char *conninfo);
typedef struct st_mysql MYSQL;
int mysql_query(MYSQL *mysql, const char *q);
typedef struct redisContext redisContext;
void *redisCommand(redisContext *c, const char *format, ...);
int zmq_recv(void *s, void *buf, unsigned long len, int flags);
#define ZMQ_DONTWAIT 1
}

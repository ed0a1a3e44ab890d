// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// The sync libraries people call from async code by mistake.

#include "coro.h"
#include "thirdparty.h"

test::task<> database(sqlite3 *db, sqlite3_stmt *stmt, PGconn *pg, MYSQL *my, redisContext *redis) {
  sqlite3_step(stmt);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sqlite3_step' in coroutine 'database'
  sqlite3_exec(db, "select 1", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sqlite3_exec'
  PQexec(pg, "select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQexec'
  mysql_query(my, "select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_query'
  redisCommand(redis, "GET %s", "key");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'redisCommand'
  co_return;
}

test::task<> http_and_ipc(CURL *curl, void *socket, char *buf) {
  curl_easy_perform(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'curl_easy_perform'
  zmq_recv(socket, buf, 8, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'zmq_recv'
  zmq_recv(socket, buf, 8, ZMQ_DONTWAIT);
  co_return;
}

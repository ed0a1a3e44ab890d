//===--- DocLinkRelay.cpp - concur-clangd ---------------------------------===//

#include "DocLinkRelay.h"
#include "CheckDocUrls.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

namespace concur::tool {

namespace {
int RealStdout = -1;
std::thread Relay;

/// The page of each check, looked up once.
const std::optional<std::string> &pageOf(llvm::StringRef Check) {
  static llvm::StringMap<std::optional<std::string>> Pages;
  auto [It, New] = Pages.try_emplace(Check);
  if (New)
    It->second = checkDocUrl(Check);
  return It->second;
}

bool relinkDiagnostics(llvm::json::Array &Diagnostics) {
  bool Changed = false;
  for (llvm::json::Value &Each : Diagnostics) {
    llvm::json::Object *D = Each.getAsObject();
    std::optional<llvm::StringRef> Code = D ? D->getString("code") : std::nullopt;
    if (!Code || !Code->starts_with("concur-"))
      continue;
    if (const std::optional<std::string> &Page = pageOf(*Code))
      (*D)["codeDescription"] = llvm::json::Object{{"href", *Page}};
    else
      D->erase("codeDescription");
    Changed = true;
  }
  return Changed;
}

bool writeAll(int Fd, const char *Data, size_t Size) {
  while (Size > 0) {
    ssize_t N = ::write(Fd, Data, Size);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Data += N;
    Size -= static_cast<size_t>(N);
  }
  return true;
}

/// Forwards LSP messages (headers, blank line, Content-Length bytes of body)
/// from \p In to \p Out until \p In ends. Anything that is not such a message
/// is forwarded as it came.
void relay(int In, int Out) {
  std::string Pending;
  char Chunk[65536];
  bool Framed = true;
  for (;;) {
    ssize_t N = ::read(In, Chunk, sizeof Chunk);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      break;
    Pending.append(Chunk, static_cast<size_t>(N));
    while (Framed) {
      size_t HeaderEnd = Pending.find("\r\n\r\n");
      if (HeaderEnd == std::string::npos)
        break;
      llvm::StringRef Headers(Pending.data(), HeaderEnd);
      size_t Length = std::string::npos;
      llvm::SmallVector<llvm::StringRef, 4> Lines;
      Headers.split(Lines, "\r\n");
      std::string OtherHeaders;
      for (llvm::StringRef Line : Lines) {
        auto [Name, Value] = Line.split(':');
        unsigned long long L;
        if (Name.trim().equals_insensitive("content-length") && !Value.trim().getAsInteger(10, L))
          Length = L;
        else
          OtherHeaders += (Line + "\r\n").str();
      }
      if (Length == std::string::npos) {
        Framed = false; // not LSP: pass the rest through untouched
        break;
      }
      if (Pending.size() < HeaderEnd + 4 + Length)
        break;
      std::string Body = relinkMessage(Pending.substr(HeaderEnd + 4, Length));
      std::string Message =
          "Content-Length: " + std::to_string(Body.size()) + "\r\n" + OtherHeaders + "\r\n" + Body;
      if (!writeAll(Out, Message.data(), Message.size()))
        return;
      Pending.erase(0, HeaderEnd + 4 + Length);
    }
    if (!Framed) {
      if (!writeAll(Out, Pending.data(), Pending.size()))
        return;
      Pending.clear();
    }
  }
  writeAll(Out, Pending.data(), Pending.size());
}

/// At exit (registered after llvm::outs() exists, so it runs before the
/// stream's destructor): what clangd wrote goes through, then stdout is the
/// real one again.
void finishRelay() {
  llvm::outs().flush();
  ::close(STDOUT_FILENO); // the pipe's only write end: the relay sees its end
  if (Relay.joinable())
    Relay.join();
  ::dup2(RealStdout, STDOUT_FILENO);
}
} // namespace

std::string relinkMessage(const std::string &Body) {
  if (Body.find("\"concur-") == std::string::npos ||
      Body.find("textDocument/publishDiagnostics") == std::string::npos)
    return Body;
  llvm::Expected<llvm::json::Value> Message = llvm::json::parse(Body);
  if (!Message) {
    llvm::consumeError(Message.takeError());
    return Body;
  }
  llvm::json::Object *Object = Message->getAsObject();
  llvm::json::Object *Params = Object ? Object->getObject("params") : nullptr;
  llvm::json::Array *Diagnostics = Params ? Params->getArray("diagnostics") : nullptr;
  if (!Diagnostics || Object->getString("method") != "textDocument/publishDiagnostics" ||
      !relinkDiagnostics(*Diagnostics))
    return Body;
  return llvm::formatv("{0}", *Message).str();
}

bool startDocLinkRelay() {
  llvm::outs(); // constructed now, destroyed after finishRelay has run
  int Pipe[2];
  if (::pipe2(Pipe, O_CLOEXEC) != 0)
    return false;
  RealStdout = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (RealStdout < 0 || ::dup2(Pipe[1], STDOUT_FILENO) < 0) {
    ::close(Pipe[0]);
    ::close(Pipe[1]);
    return false;
  }
  ::close(Pipe[1]);
  int In = Pipe[0];
  Relay = std::thread([In] {
    relay(In, RealStdout);
    ::close(In);
  });
  std::atexit(finishRelay);
  return true;
}

} // namespace concur::tool

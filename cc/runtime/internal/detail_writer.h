/*
 * detail_writer.h: builds Diagnostic detail strings in a fixed buffer, without printf.
 *
 * newlib's printf family drags in tens of KB and, for some conversions, malloc; the runtime only
 * needs strings and integers, so it formats them itself. Output that does not fit is cut, and
 * the buffer is always NUL-terminated.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_DETAIL_WRITER_H_
#define M55ML_CC_RUNTIME_INTERNAL_DETAIL_WRITER_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/runtime/internal/text.h"
#include "cc/runtime/pte_runtime.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

class DetailWriter
{
  public:
    /* Writes into `diag` (may be null: then every call is a no-op) and sets its status. */
    DetailWriter(Diagnostic *diag, Status status);

    DetailWriter &str(const char *text);
#if PTE_TERSE_DIAGNOSTICS
    /* A PTE_TEXT fragment: its token "@{xxxxxxxx}", expanded by the host (text.h). */
    DetailWriter &str(TextId text);
#endif
    /* At most `max_chars` characters of `text`; bytes outside printable ASCII as \xNN. */
    DetailWriter &quoted(const char *text, size_t max_chars);
    DetailWriter &u64(uint64_t value);
    DetailWriter &i64(int64_t value);

    Status status() const
    {
        return status_;
    }
    /* Lets `return DetailWriter(diag, kX).str("...");` return the status. */
    operator Status() const
    {
        return status_;
    }

  private:
    void put(char c);

    char *buffer_;
    size_t length_;
    Status status_;
};

/* Sets `diag` (may be null) to success with an empty detail. */
void clear_diagnostic(Diagnostic *diag);

} // namespace internal
} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_INTERNAL_DETAIL_WRITER_H_

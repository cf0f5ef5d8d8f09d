// devmap-lint.h: extra macro definitions for spatch (Coccinelle 1.1).
//
// scripts/devmap-cocci passes this file to spatch with
// --macro-file-builtins, appended to Coccinelle's own standard.h after
// dropping the definitions of standard.h that this file replaces (spatch
// keeps the builtin definition when --macro-file defines a name again, so
// a plain --macro-file cannot fix DEFINE_PER_CPU).
//
// Each definition only has to make the construct parse; spatch expands
// these macros when it cannot parse the code otherwise.  A function that
// still fails to parse is skipped by every rule, which is why
// scripts/devmap-cocci prints how many did.

// ---------------------------------------------------------------------
// Per-CPU variables.  standard.h's version puts an __attribute__ with a
// string argument in front of the type, which spatch 1.1 cannot parse:
// every "static DEFINE_PER_CPU(...)" then takes the next function with it.
#define DEFINE_PER_CPU(type, name) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name
#define DEFINE_PER_CPU_ALIGNED(type, name) __typeof__(type) name
#define DECLARE_PER_CPU_ALIGNED(type, name) extern __typeof__(type) name
#define DEFINE_PER_CPU_SHARED_ALIGNED(type, name) __typeof__(type) name
#define DECLARE_PER_CPU_SHARED_ALIGNED(type, name) extern __typeof__(type) name
#define DEFINE_PER_CPU_READ_MOSTLY(type, name) __typeof__(type) name
#define DECLARE_PER_CPU_READ_MOSTLY(type, name) extern __typeof__(type) name
#define DEFINE_PER_CPU_PAGE_ALIGNED(type, name) __typeof__(type) name
#define DEFINE_PER_CPU_FIRST(type, name) __typeof__(type) name

// ---------------------------------------------------------------------
// Scope-based cleanup (linux/cleanup.h, Linux 6.5 and later; Debian's 6.1
// has backported users such as mm/huge_memory.c).  "scoped_guard (lock,
// &l) { ... }" is a loop header around a statement; "guard(lock)(&l);"
// already parses as a call.
#define scoped_guard(_name, args...) for (;;)
#define scoped_cond_guard(_name, _fail, args...) for (;;)
#define DEFINE_FREE(_name, _type, _free)
#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...)
#define EXTEND_CLASS(_name, ext, _init, _init_args...)
#define DEFINE_GUARD(_name, _type, _lock, _unlock)
#define DEFINE_GUARD_COND(_name, _ext, _condlock)
#define DEFINE_LOCK_GUARD_0(_name, _lock, _unlock, ...)
#define DEFINE_LOCK_GUARD_1(_name, _type, _lock, _unlock, ...)
#define DEFINE_LOCK_GUARD_1_COND(_name, _ext, _condlock)
#define __free(_name)
#define __cleanup(func)

// ---------------------------------------------------------------------
// Attributes spatch does not know, used in declarations inside functions
// (WARN_ON_ONCE-style macros: "static bool __section(".data.once") x;").
#define __section(section)
#define __counted_by(member)
#define __counted_by_le(member)
#define __counted_by_be(member)
#define __nonstring
#define __no_kcsan
#define __no_sanitize_address
#define __ro_after_init
#define __read_mostly
#define __always_inline inline

// ---------------------------------------------------------------------
// Top-level declaration macros without a trailing semicolon.
#define DECLARE_VM_GET_PAGE_PROT

/*
 * A test-only stand-in for Windows' bcryptprimitives.dll, for Wine
 * versions without ProcessPrng (Debian 12's Wine 8.0): Go's runtime (from
 * Go 1.22) gets its random bytes there and stops at start-up without it
 * ("fatal error: bcryptprimitives.dll not found").
 *
 * ProcessPrng fills the buffer from RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has. internal/realwindow builds this with
 * mingw-w64 into the test's Wine prefix (C:\windows\system32); it is never
 * part of the package a user downloads.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		ULONG n = size > 0x40000000 ? 0x40000000 : (ULONG)size;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		size -= n;
	}
	return TRUE;
}

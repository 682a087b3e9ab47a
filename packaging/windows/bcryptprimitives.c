/*
 * TEST-ONLY stand-in for bcryptprimitives.dll. NEVER SHIPPED.
 *
 * Why it exists: Go 1.22+ programs on Windows get their random bytes from
 * ProcessPrng in %SystemRoot%\System32\bcryptprimitives.dll, and the Go
 * runtime aborts at start-up ("fatal error: bcryptprimitives.dll not found")
 * when it cannot load it. Every real Windows 10/11 has that DLL; Debian 12's
 * Wine 8.0 does not. So that .ci/wine-installer can run the installed
 * Penyuluh executables under Wine, it builds this file and copies the result
 * into the throwaway Wine prefix's drive_c/windows/system32/ (and nowhere
 * else). The installer never contains it.
 *
 * ProcessPrng(PBYTE pbData, SIZE_T cbData) always returns TRUE on Windows;
 * here it forwards to advapi32's SystemFunction036 (RtlGenRandom), which Wine
 * does implement. RtlGenRandom takes a ULONG length, so large requests are
 * split.
 *
 * Build (x86_64 only; our Wine is 64-bit only):
 *   x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *       bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

typedef BOOLEAN(WINAPI *rtl_gen_random_fn)(PVOID, ULONG);

static rtl_gen_random_fn rtl_gen_random(void)
{
    static rtl_gen_random_fn fn;
    if (fn == NULL) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        if (advapi != NULL)
            fn = (rtl_gen_random_fn)(void *)GetProcAddress(advapi, "SystemFunction036");
    }
    return fn;
}

BOOL WINAPI ProcessPrng(PBYTE pbData, SIZE_T cbData)
{
    rtl_gen_random_fn fn = rtl_gen_random();
    if (fn == NULL)
        return FALSE; /* real ProcessPrng never fails; Go then aborts loudly */
    while (cbData > 0) {
        ULONG n = cbData > 0x7fffffff ? 0x7fffffff : (ULONG)cbData;
        if (!fn(pbData, n))
            return FALSE;
        pbData += n;
        cbData -= n;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst;
    (void)reason;
    (void)reserved;
    return TRUE;
}

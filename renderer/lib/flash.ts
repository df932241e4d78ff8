/**
 * A one-time message for the next screen ("Usaha tersimpan"). Kept outside React so it survives
 * the route change; read with `peekFlash` (safe to call twice in StrictMode), cleared after showing.
 */
let flash: { key: string; message: string } | null = null;

export function setFlash(key: string, message: string): void {
  flash = { key, message };
}

export function peekFlash(key: string): string | null {
  return flash && flash.key === key ? flash.message : null;
}

export function clearFlash(key: string): void {
  if (flash?.key === key) flash = null;
}

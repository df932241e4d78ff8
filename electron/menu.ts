import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** The app menu, in Indonesian. Roles keep the platform's own behaviour and shortcuts. */
export function buildAppMenu(options: { dataDir: string; getWindow(): BrowserWindow | null }): Menu {
  const template: MenuItemConstructorOptions[] = [
    { label: 'Berkas', submenu: [{ role: 'quit', label: 'Keluar' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo', label: 'Urungkan' },
        { role: 'redo', label: 'Ulangi' },
        { type: 'separator' },
        { role: 'cut', label: 'Potong' },
        { role: 'copy', label: 'Salin' },
        { role: 'paste', label: 'Tempel' },
        { role: 'selectAll', label: 'Pilih semua' },
      ],
    },
    {
      label: 'Tampilan',
      submenu: [
        { role: 'reload', label: 'Muat ulang' },
        { type: 'separator' },
        { role: 'zoomIn', label: 'Perbesar' },
        { role: 'zoomOut', label: 'Perkecil' },
        { role: 'resetZoom', label: 'Ukuran asli' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Layar penuh' },
        // Developer tools only in a development run, never in an installed app.
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools', label: 'Alat pengembang' } as const]),
      ],
    },
    {
      label: 'Bantuan',
      submenu: [{ label: 'Tentang IKM Lapangan', click: () => showAbout(options.dataDir, options.getWindow()) }],
    },
  ];
  return Menu.buildFromTemplate(template);
}

function showAbout(dataDir: string, window: BrowserWindow | null): void {
  const box = {
    type: 'info' as const,
    title: 'Tentang IKM Lapangan',
    message: `IKM Lapangan ${app.getVersion()}`,
    detail:
      'Aplikasi pendataan industri kecil dan menengah (IKM) untuk petugas lapangan Disperindagkop.\n\n' +
      `Data tersimpan di:\n${dataDir}\n\nElectron ${process.versions.electron}`,
    buttons: ['Tutup'],
  };
  void (window ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box));
}

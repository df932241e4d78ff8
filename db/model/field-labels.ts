/**
 * Fields in words, for conflicts and change histories: a synced cell ("site.phone",
 * "visit.data.respondent.phone") → its label in both UI languages. Unknown fields fall back to
 * their path, so a newer field never shows an empty label.
 */
const LABELS: Record<string, [id: string, en: string]> = {
  'site.name': ['Nama usaha', 'Business name'],
  'site.owner_name': ['Nama pemilik', 'Owner'],
  'site.phone': ['Telepon', 'Phone'],
  'site.email': ['Email', 'Email'],
  'site.address': ['Alamat', 'Address'],
  'site.village_code': ['Desa/kelurahan', 'Village'],
  'site.district_code': ['Kecamatan', 'District'],
  'site.regency_code': ['Kabupaten/kota', 'Regency/city'],
  'site.province_code': ['Provinsi', 'Province'],
  'site.latitude': ['Lintang', 'Latitude'],
  'site.longitude': ['Bujur', 'Longitude'],
  'site.kbli_code': ['KBLI', 'KBLI'],
  'site.sector_choice': ['Kelompok sektor', 'Sector group'],
  'site.products': ['Produk', 'Products'],
  'site.legal_form': ['Bentuk badan usaha', 'Legal form'],
  'site.nib': ['NIB', 'NIB'],
  'site.certificates': ['Sertifikat', 'Certificates'],
  'site.workers': ['Jumlah tenaga kerja', 'Workers'],
  'site.size_class': ['Skala usaha', 'Size class'],
  'site.operating_status': ['Status operasi', 'Operating status'],
  'site.year_established': ['Tahun berdiri', 'Year established'],
  'site.sentra_id': ['Sentra/kawasan', 'Sentra/estate'],
  'sentra.name': ['Nama sentra', 'Sentra name'],
  'sentra.kind': ['Jenis sentra', 'Sentra kind'],
  'sentra.regency_code': ['Kabupaten/kota sentra', 'Sentra regency/city'],
  'sentra.kbli_division': ['Komoditas utama (KBLI)', 'Main commodity (KBLI)'],
  'sentra.product': ['Produk utama', 'Main product'],
  'sentra.notes': ['Catatan sentra', 'Sentra notes'],
  'sentra.status': ['Status sentra', 'Sentra status'],
  'sentra.deleted': ['Sentra dihapus', 'Sentra removed'],
  'site.notes': ['Catatan', 'Notes'],
  'site.deleted': ['Diarsipkan', 'Archived'],
  'officer.name': ['Nama petugas', 'Officer name'],
  'officer.nip': ['NIP', 'NIP'],
  'officer.code': ['Kode petugas', 'Officer code'],
  'wilayah.name': ['Nama wilayah', 'Region name'],
  'wilayah.induk_regency_code': ['Induk wilayah', 'Regional hub'],
  'wilayah_regency.wilayah_id': ['Wilayah pengembangan', 'Development region'],
  'office_setting.value': ['Aturan kantor', 'Office rule'],
  'visit.status': ['Status kunjungan', 'Visit status'],
  'visit.deleted': ['Dihapus', 'Deleted'],
  'visit.data.visitDate': ['Tanggal kunjungan', 'Visit date'],
  'visit.data.officers': ['Petugas', 'Officers'],
  'visit.data.respondent.name': ['Nama responden', 'Respondent name'],
  'visit.data.respondent.position': ['Jabatan responden', 'Respondent position'],
  'visit.data.respondent.phone': ['Telepon responden', 'Respondent phone'],
  'visit.data.findings': ['Temuan', 'Findings'],
  'visit.data.recommendations': ['Rekomendasi', 'Recommendations'],
  'visit.data.latitude': ['Lintang', 'Latitude'],
  'visit.data.longitude': ['Bujur', 'Longitude'],
  'visit.data.operatingStatus': ['Status operasi', 'Operating status'],
  'visit.data.kbliCode': ['KBLI', 'KBLI'],
  'visit.data.products': ['Produk', 'Products'],
  'visit.data.certificates': ['Sertifikat', 'Certificates'],
  'visit.data.certificatesHeld': ['Sertifikat yang dimiliki', 'Certificates held'],
  'visit.data.certificatesWanted': ['Sertifikat yang diinginkan', 'Certificates wanted'],
  'visit.data.workforce.male': ['Tenaga kerja laki-laki', 'Male workers'],
  'visit.data.workforce.female': ['Tenaga kerja perempuan', 'Female workers'],
  'visit.data.capacity.amount': ['Kapasitas produksi', 'Production capacity'],
  'visit.data.capacity.unit': ['Satuan kapasitas', 'Capacity unit'],
  'visit.data.capacity.period': ['Periode kapasitas', 'Capacity period'],
  'visit.data.productionValueRp': ['Nilai produksi per tahun', 'Annual production value'],
  'visit.data.investmentRp': ['Nilai investasi', 'Investment'],
  'visit.data.rawMaterials': ['Bahan baku', 'Raw materials'],
  'visit.data.machinery': ['Mesin dan peralatan', 'Machinery'],
  'visit.data.energySources': ['Sumber energi', 'Energy sources'],
  'visit.data.marketReach': ['Jangkauan pemasaran', 'Market reach'],
  'visit.data.exportDestinations': ['Negara tujuan ekspor', 'Export destinations'],
  'visit.data.problems': ['Masalah', 'Problems'],
  'visit.data.assistanceReceived': ['Bantuan yang pernah diterima', 'Assistance received'],
  'visit.data.stoppedSince': ['Berhenti sejak', 'Stopped since'],
  'visit.data.stopReasons': ['Penyebab berhenti', 'Reasons for stopping'],
  'visit.data.stopNotes': ['Catatan penyebab berhenti', 'Notes on stopping'],
  'visit.data.buildingCondition': ['Kondisi bangunan', 'Building condition'],
  'visit.data.machineCondition': ['Kondisi mesin', 'Machine condition'],
  'visit.data.revivalPotential': ['Potensi dihidupkan kembali', 'Revival potential'],
  'visit.data.revivalNotes': ['Catatan potensi', 'Notes on potential'],
  'visit.data.sentraPotential': ['Potensi sentra', 'Centre potential'],
  'visit.data.sentraNotes': ['Catatan potensi sentra', 'Notes on centre potential'],
  'visit.data.followUps': ['Tindak lanjut rekomendasi', 'Follow-ups'],
  'visit.data.signatureRefusal': ['Alasan responden tidak menandatangani', 'Why the respondent did not sign'],
  'attachment.deleted': ['Lampiran pada kunjungan', 'Attachment on the visit'],
  'attachment.file_name': ['Nama berkas', 'File name'],
};

/** The label of a synced cell in Indonesian and English. */
export function fieldLabel(table: string, column: string): { id: string; en: string } {
  const label = LABELS[`${table}.${column}`];
  return label ? { id: label[0], en: label[1] } : { id: column, en: column };
}

/**
 * A synced value in words where the stored value is a code a person cannot read (null when the
 * value reads as it is). An attachment's `deleted`: 0 it is on the visit; 1, or nothing (a photo
 * the final visit never had), it is not.
 */
export function valueLabel(table: string, column: string, value: unknown): { id: string; en: string } | null {
  if (table === 'attachment' && column === 'deleted') {
    return value === 0 ? { id: 'Ada', en: 'On the visit' } : { id: 'Tidak ada', en: 'Not on the visit' };
  }
  return null;
}

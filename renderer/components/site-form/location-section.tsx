import { Alert, Select, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core';
import { IconMapPin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useReference } from '../../app/reference';
import { areaOptions, useDistricts, useVillages } from '../../lib/areas';
import { FormSection, type SectionProps } from './form-section';

/**
 * Where the business is: kabupaten/kota → kecamatan → desa/kelurahan, each list filled by the
 * choice before it, then the address and the coordinate read from a phone's GPS.
 */
export function LocationSection({ values, errors, set }: SectionProps) {
  const { t } = useTranslation();
  const { regencies, wilayah } = useReference();
  const { districts, loading: districtsLoading } = useDistricts(values.regencyCode);
  const { villages, loading: villagesLoading } = useVillages(values.districtCode);
  const region = values.regencyCode ? wilayah.find((w) => w.regencyCodes.includes(values.regencyCode!)) : undefined;
  const induk = region?.indukRegencyCode ? regencies.find((r) => r.code === region.indukRegencyCode) : undefined;
  // A missing desa is said under Desa; it is fixed from the first empty level above it, so that
  // one is marked too (red, without the words), since a disabled select cannot be fixed directly.
  const placeError = errors.villageCode;
  const regencyError = !!placeError && !values.regencyCode;
  const districtError = !!placeError && !!values.regencyCode && !values.districtCode;

  return (
    <FormSection title={t('siteForm.location')}>
      <SimpleGrid cols={3} spacing="sm">
        <Select
          label={t('site.regency')}
          withAsterisk
          searchable
          data={areaOptions(regencies)}
          value={values.regencyCode}
          onChange={(code) => {
            set('regencyCode', code);
            set('districtCode', null);
            set('villageCode', null);
          }}
          error={regencyError}
          nothingFoundMessage={t('common.nothingFound')}
        />
        <Select
          label={t('site.district')}
          withAsterisk
          searchable
          disabled={!values.regencyCode}
          placeholder={values.regencyCode ? undefined : t('siteForm.pickRegencyFirst')}
          data={areaOptions(districts)}
          value={districtsLoading ? null : values.districtCode}
          onChange={(code) => {
            set('districtCode', code);
            set('villageCode', null);
          }}
          error={districtError}
          nothingFoundMessage={t('common.nothingFound')}
        />
        <Select
          label={t('site.village')}
          withAsterisk
          searchable
          disabled={!values.districtCode}
          placeholder={values.districtCode ? undefined : t('siteForm.pickDistrictFirst')}
          data={areaOptions(villages)}
          value={villagesLoading ? null : values.villageCode}
          onChange={(code) => set('villageCode', code)}
          error={placeError}
          nothingFoundMessage={t('common.nothingFound')}
        />
      </SimpleGrid>
      {values.regencyCode && (
        <Alert variant="light" color="blue" p="xs" icon={<IconMapPin size={18} />} data-testid="site-wilayah">
          <Text size="sm">
            {region
              ? induk
                ? t('siteForm.wilayahWithInduk', { name: region.name, induk: induk.name })
                : t('siteForm.wilayah', { name: region.name })
              : t('siteForm.noWilayah')}
          </Text>
        </Alert>
      )}
      <Textarea
        label={t('site.address')}
        autosize
        minRows={2}
        maxRows={4}
        value={values.address}
        onChange={(e) => set('address', e.currentTarget.value)}
        error={errors.address}
      />
      <SimpleGrid cols={2} spacing="sm">
        <TextInput
          label={t('site.latitude')}
          description={t('siteForm.latitudeHint')}
          inputMode="decimal"
          value={values.latitude}
          onChange={(e) => set('latitude', e.currentTarget.value)}
          error={errors.latitude}
        />
        <TextInput
          label={t('site.longitude')}
          description={t('siteForm.longitudeHint')}
          inputMode="decimal"
          value={values.longitude}
          onChange={(e) => set('longitude', e.currentTarget.value)}
          error={errors.longitude}
        />
      </SimpleGrid>
    </FormSection>
  );
}

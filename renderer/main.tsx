import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/charts/styles.css';
import './styles/app.css';
import 'maplibre-gl/dist/maplibre-gl.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { startI18n } from './i18n';
import { theme } from './app/theme';
import { App } from './app/app';
import { DatesLocale } from './components/date-field';

startI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <DatesLocale>
        <App />
      </DatesLocale>
    </MantineProvider>
  </StrictMode>,
);

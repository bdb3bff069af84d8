import '@gatehouse/ui/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './app-routes';
import { AppProviders } from './components/providers';
import { DocumentTitle } from './shell/document-title';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <AppProviders>
        <DocumentTitle />
        <AppRoutes />
      </AppProviders>
    </BrowserRouter>
  </StrictMode>,
);

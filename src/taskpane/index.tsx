/** The task pane's entry: once Office is ready, render the App with the real Excel actions. */
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { PlanActions, officeEnv } from '../hosts/office/actions';
import { App } from './App';

Office.onReady(() => {
  const actions = new PlanActions(officeEnv());
  document.documentElement.lang = actions.lang;
  createRoot(document.getElementById('root')!).render(
    <React.StrictMode>
      <App actions={actions} />
    </React.StrictMode>,
  );
});

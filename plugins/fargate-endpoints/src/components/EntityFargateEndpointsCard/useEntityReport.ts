import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { fargateEndpointsApiRef } from '../../api';

/** The state of an entity's report: the first load, and refreshes that keep the last report on screen. */
export interface EntityReportState {
  report?: EntityReport;
  loading: boolean;
  /** The first load failed: there is nothing to show. */
  error?: Error;
  refreshing: boolean;
  /** A refresh failed: the previous report stays on screen. */
  refreshError?: Error;
  refresh: () => void;
  /** Loads again after the first load failed. */
  retry: () => void;
}

/** Loads an entity's report and refreshes it on demand with `refresh: true`. */
export function useEntityReport(entityRef: string): EntityReportState {
  const api = useApi(fargateEndpointsApiRef);
  const [report, setReport] = useState<EntityReport>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<Error>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(undefined);
    setReport(undefined);
    api.getEntityReport(entityRef).then(
      value => {
        if (cancelled) return;
        setReport(value);
        setLoading(false);
      },
      (e: Error) => {
        if (cancelled) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, attempt]);

  const retry = useCallback(() => setAttempt(n => n + 1), []);

  const refresh = useCallback(() => {
    setRefreshing(true);
    setRefreshError(undefined);
    api.getEntityReport(entityRef, { refresh: true }).then(
      value => {
        setReport(value);
        setError(undefined);
        setRefreshing(false);
      },
      (e: Error) => {
        setRefreshError(e);
        setRefreshing(false);
      },
    );
  }, [api, entityRef]);

  return {
    report,
    loading,
    error,
    refreshing,
    refreshError,
    refresh,
    retry,
  };
}

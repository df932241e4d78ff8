import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import i18next from 'i18next';
import type { ApiError, FieldIssue, Result } from '../../db/model';

/** A refused API call, carrying the core's stable code, Indonesian message and field issues. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
  }
  get issues(): FieldIssue[] {
    return this.error.issues ?? [];
  }
}

/** The value of a call, or an ApiFailure thrown: most screens only need the happy path. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}

/**
 * A refusal of the core in the UI language, from its reason and parameters (or, without one, its
 * code); the Indonesian sentence is never read. Only an error with no reason keeps that sentence
 * in Indonesian, where it is the most precise thing the core said.
 */
export function apiErrorText(error: { code: string; message: string; reason?: ApiError['reason']; params?: ApiError['params'] }): string {
  if (error.reason) return i18next.t(`error.${error.reason}`, { ...error.params });
  if (i18next.language !== 'en' && error.message) return error.message;
  return i18next.t(`errorCode.${error.code}`, { defaultValue: i18next.t('errorCode.INTERNAL') });
}

/** A message for anything a call may throw (the transport itself can fail, too). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiFailure) return apiErrorText(error.error);
  return error instanceof Error ? error.message : String(error);
}

export interface ApiData<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data once per `key`. A response that arrives after the key changed is dropped, so a
 * slow answer for an old selection never overwrites the current one.
 */
export function useApiData<T>(load: () => Promise<Result<T>>, key: string): ApiData<T> {
  const [state, setState] = useState<{ key: string; data?: T; error: string | null }>({ key: '', error: null });
  const [version, setVersion] = useState(0);
  // The key names what `load` fetches; a new closure with the same key is not a new request.
  const start = useEffectEvent(() => load());

  useEffect(() => {
    let current = true;
    unwrap(start()).then(
      (data) => current && setState({ key, data, error: null }),
      (error: unknown) => current && setState({ key, error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const fresh = state.key === key;
  return {
    data: fresh ? state.data : undefined,
    error: fresh ? state.error : null,
    loading: !fresh,
    reload,
  };
}

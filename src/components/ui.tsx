/**
 * The few building blocks every page uses: large text and tap targets, plain words, and one way to
 * show loading, empty and error states (REACH.md).
 */
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState, type PropsWithChildren, type ReactNode } from 'react';
import { RULES } from '../../config/rules';
import type { ApiError } from '../../types/api';
import type { Remote } from '../services/remote';
import { DevBar } from './dev-bar';
import { go, pages } from '../services/nav';
import { AGREE_BUTTON, answerPrivacy, onPrivacyPrompt, openPrivacyGuide } from '../services/privacy';

/**
 * WeChat's font setting (微信字体大小) as a factor on our text sizes, never below our own sizes.
 * In h5 the browser's text size already scales the root, so the factor is 1.
 */
function textScale(): number {
  if (process.env.TARO_ENV !== 'weapp') return 1;
  try {
    const factor = (Taro.getAppBaseInfo() as { fontSizeScaleFactor?: number }).fontSizeScaleFactor;
    return typeof factor === 'number' && factor > 1 ? Math.min(factor, 2) : 1;
  } catch {
    return 1;
  }
}

/**
 * h5: Taro's router scrolls each page inside its own box (.taro_page); a keyboard reaches and
 * scrolls it only if it can take focus.
 */
function focusablePages(): void {
  if (process.env.TARO_ENV === 'h5') document.querySelectorAll('.taro_page:not([tabindex])').forEach((p) => p.setAttribute('tabindex', '0'));
}

/** A page; `wide`: one an office uses at a desk too, which then takes the screen's width (tables, columns). */
export function Screen({ children, wide = false }: PropsWithChildren<{ wide?: boolean }>) {
  const scale = textScale();
  useEffect(focusablePages, []);
  return (
    <View className={`screen${wide ? ' screen-wide' : ''}`} style={scale === 1 ? undefined : `--text-scale: ${scale}`}>
      {children}
      {process.env.TARO_ENV === 'h5' && <DevBar />}
      {process.env.TARO_ENV === 'weapp' && <PrivacyPrompt />}
    </View>
  );
}

/**
 * WeChat's privacy authorisation, shown when a page first uses a photo, the location, a file or
 * the album (services/privacy.ts): what is asked, the guide, 同意 and 不同意. Declining never stops
 * a request from being sent: the page then says what it could not do.
 */
function PrivacyPrompt() {
  const [open, setOpen] = useState(false);
  useEffect(() => onPrivacyPrompt(setOpen), []);
  if (!open) return null;
  return (
    <View className='privacy' role='dialog' aria-label='隐私保护指引'>
      <View className='privacy-card'>
        <Text className='card-title'>使用前请阅读隐私保护指引</Text>
        <Text className='block'>
          附上照片、位置，或保存、选择文件时，会用到您的相关信息，只用于办理您反映的事。同意后才能使用这些功能；不同意也可以只写文字提交。
        </Text>
        <View className='link' onClick={openPrivacyGuide}>
          <Text>查看《隐私保护指引》</Text>
        </View>
        <Button
          id={AGREE_BUTTON}
          className='btn btn-primary btn-big'
          openType='agreePrivacyAuthorization'
          onAgreePrivacyAuthorization={() => answerPrivacy(true)}
        >
          同意
        </Button>
        <Btn onClick={() => answerPrivacy(false)}>不同意</Btn>
      </View>
    </View>
  );
}

export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className='state state-loading' aria-busy='true'>
      <Text>{text}</Text>
    </View>
  );
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  // h5 (the local system): a page opened in a browser without an identity, such as a printed link
  if (process.env.TARO_ENV === 'h5' && error.code === 'UNAUTHENTICATED') {
    return (
      <View className='state state-error' role='alert'>
        <Text className='state-title'>请先选择身份</Text>
        <Text>在浏览器里打开时，要先选一个身份（在微信小程序里由微信确认，不用这一步）。选好后会回到这一页。</Text>
        <Btn kind='primary' big onClick={() => void go(pages.signin(window.location.hash.slice(1)))}>
          选择身份
        </Btn>
      </View>
    );
  }
  return (
    <View className='state state-error' role='alert'>
      <Text className='state-title'>出错了</Text>
      <Text>{error.message}</Text>
      {onRetry && <Btn onClick={onRetry}>再试一次</Btn>}
    </View>
  );
}

/** The API's refusal of what the person just did, in its words, where they acted. */
export function ErrorBanner({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <View className='banner banner-error' role='alert'>
      <Text>{error.message}</Text>
    </View>
  );
}

export function Empty({ text, children }: PropsWithChildren<{ text: string }>) {
  return (
    <View className='state state-empty'>
      <Text>{text}</Text>
      {children}
    </View>
  );
}

/** Renders a remote value: loading first, then the data, or the error with a retry. */
export function Show<T>({ remote, children }: { remote: Remote<T>; children: (data: T) => ReactNode }) {
  if (remote.state === 'error') return <ErrorState error={remote.error} onRetry={remote.reload} />;
  if (remote.data === null) return <Loading />;
  return <>{children(remote.data)}</>;
}

type BtnKind = 'primary' | 'default' | 'danger';

/**
 * A button. Taro's h5 stylesheet greys the label of any button carrying a `disabled` or `loading`
 * attribute, even "false": they are set only when true. A disabled button says why (`why`).
 */
export function Btn({
  kind = 'default',
  big = false,
  disabled = false,
  why,
  loading = false,
  onClick,
  children,
}: PropsWithChildren<{ kind?: BtnKind; big?: boolean; disabled?: boolean; why?: string; loading?: boolean; onClick?: () => void }>) {
  const off = disabled || loading;
  return (
    <>
      <Button
        className={`btn btn-${kind}${big ? ' btn-big' : ''}${off ? ' btn-off' : ''}`}
        disabled={off || undefined}
        loading={loading || undefined}
        aria-disabled={off || undefined}
        onClick={() => !off && onClick?.()}
      >
        {children}
      </Button>
      {disabled && why && <Text className='hint btn-why'>{why}</Text>}
    </>
  );
}

/** A yes-or-no choice as one wide row: the words and the switch are one tap target. */
export function SwitchRow({ label, checked, onChange }: { label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <View className={`switch-row${checked ? ' switch-on' : ''}`} role='switch' aria-checked={checked} aria-label={label} onClick={() => onChange(!checked)}>
      <Text className='switch-label'>{label}</Text>
      <View className='switch-track' aria-hidden='true'>
        <View className='switch-knob' />
      </View>
      <Text className='switch-state'>{checked ? '是' : '否'}</Text>
    </View>
  );
}

/**
 * What a field or picture is called for a screen reader: WeChat reads `aria-label` on the component,
 * and Taro's h5 components pass `nativeProps` on to their inner input, textarea or img.
 */
export const spoken = (label: string) => ({ ariaLabel: label, nativeProps: { 'aria-label': label } });

export function Field({ label, hint, error, children }: PropsWithChildren<{ label: string; hint?: string; error?: string }>) {
  return (
    <View className={`field${error ? ' field-has-error' : ''}`}>
      <Text className='field-label'>{label}</Text>
      {hint && <Text className='field-hint'>{hint}</Text>}
      {children}
      {error && (
        <View className='field-error' role='alert'>
          <Text>⚠ {error}</Text>
        </View>
      )}
    </View>
  );
}

export interface Choice<V extends string> {
  value: V;
  label: string;
}

/** Chips from a table of words (labels.ts), in its order or in the order of `keys`. */
export const choicesOf = <K extends string>(labels: Record<K, string>, keys?: readonly K[]): Array<Choice<K>> =>
  (keys ?? (Object.keys(labels) as K[])).map((k) => ({ value: k, label: labels[k] }));

/** The categories of config/rules.ts as chips. */
export const CATEGORY_CHOICES: ReadonlyArray<Choice<string>> = RULES.categories.map((c) => ({ value: c.id, label: c.name }));

/** One choice among a few, as large chips. */
export function Chips<V extends string>({ options, value, onChange }: { options: ReadonlyArray<Choice<V>>; value: V | null; onChange: (v: V) => void }) {
  return (
    <View className='chips' role='radiogroup'>
      {options.map((o) => (
        <Chip key={o.value} role='radio' label={o.label} on={o.value === value} onTap={() => onChange(o.value)} />
      ))}
    </View>
  );
}

/** Several choices among a few (who was on duty), as the same chips, each tapped on and off. */
export function Toggles<V extends string>({
  options,
  value,
  onChange,
}: {
  options: ReadonlyArray<Choice<V>>;
  value: readonly V[];
  onChange: (v: V[]) => void;
}) {
  return (
    <View className='chips' role='group'>
      {options.map((o) => (
        <Chip
          key={o.value}
          role='checkbox'
          label={o.label}
          on={value.includes(o.value)}
          onTap={() => onChange(value.includes(o.value) ? value.filter((x) => x !== o.value) : [...value, o.value])}
        />
      ))}
    </View>
  );
}

function Chip({ role, label, on, onTap }: { role: 'radio' | 'checkbox'; label: string; on: boolean; onTap: () => void }) {
  return (
    <View className={`chip${on ? ' chip-on' : ''}`} role={role} aria-checked={on} onClick={onTap}>
      <Text>{on ? `✓ ${label}` : label}</Text>
    </View>
  );
}

export function Card({ children, className = '' }: PropsWithChildren<{ className?: string }>) {
  return <View className={`card ${className}`}>{children}</View>;
}

/** A line of label and value. */
export function Row({ label, children }: PropsWithChildren<{ label: string }>) {
  return (
    <View className='row'>
      <Text className='row-label'>{label}</Text>
      <View className='row-value'>{children}</View>
    </View>
  );
}

/** A count changed by large － and ＋ (never below nought); taps in quick succession each count. */
export function Stepper({ value, unit, onChange }: { value: number; unit: string; onChange: (change: (n: number) => number) => void }) {
  return (
    <View className='stepper'>
      <View className='chip' role='button' aria-label={`少一${unit}`} onClick={() => onChange((n) => Math.max(0, n - 1))}>
        <Text>－</Text>
      </View>
      <Text className='stepper-value'>{value}</Text>
      <View className='chip' role='button' aria-label={`多一${unit}`} onClick={() => onChange((n) => n + 1)}>
        <Text>＋</Text>
      </View>
    </View>
  );
}

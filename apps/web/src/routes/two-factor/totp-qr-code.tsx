import { Skeleton } from '@gatehouse/ui/skeleton';
import { toString as renderQrSvg } from 'qrcode';
import { useEffect, useState } from 'react';

type QrState = { status: 'drawing' } | { status: 'drawn'; src: string } | { status: 'failed' };

/**
 * The otpauth:// address as a QR code, drawn in this page: the address carries the TOTP secret,
 * so it is never sent to a QR service or anywhere else. An SVG in a data: URL (allowed by the
 * CSP's img-src) needs no innerHTML.
 */
export function TotpQrCode({ otpauthUrl, size = 192 }: { otpauthUrl: string; size?: number }) {
  const [state, setState] = useState<QrState>({ status: 'drawing' });

  useEffect(() => {
    let current = true;
    renderQrSvg(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(
      (svg) => {
        if (current) setState({ status: 'drawn', src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
      },
      () => {
        if (current) setState({ status: 'failed' });
      },
    );
    return () => {
      current = false;
    };
  }, [otpauthUrl]);

  if (state.status === 'failed') {
    return (
      <p role="status" className="grid place-items-center rounded-md border bg-muted p-4 text-center text-sm text-muted-foreground" style={{ width: size, height: size }}>
        We couldn't draw the QR code. Enter the setup key below instead.
      </p>
    );
  }
  if (state.status === 'drawing') return <Skeleton className="rounded-md" style={{ width: size, height: size }} />;
  return (
    <img
      src={state.src}
      width={size}
      height={size}
      alt="QR code to scan with your authenticator app"
      className="rounded-md border bg-white"
    />
  );
}

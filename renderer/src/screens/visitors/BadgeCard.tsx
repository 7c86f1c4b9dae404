import { useTranslation } from 'react-i18next';
import type { VisitBadge } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import type { z } from 'zod';
import { isImageDataUrl, svgDataUrl } from './visitHelpers.js';
import './visitors.css';

/**
 * The printed visitor badge, in the UI's language: site, name, photo, host, floors, valid until and the QR code of the
 * visit reference. The QR code is the gateway's SVG shown as an image, never inserted as markup.
 */
export function BadgeCard({ badge }: { badge: z.infer<typeof VisitBadge> }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const photo = isImageDataUrl(badge.photo) ? badge.photo : null;
  return (
    <div className="fg-badge" data-testid="badge" data-ref={badge.ref}>
      <div className="fg-badge-head">
        <span data-testid="badge-site">{badge.siteName}</span>
        <span>{t('visits.badge.visitor')}</span>
      </div>
      {photo ? (
        <img className="fg-badge-photo" src={photo} alt={t('visits.photo.alt')} data-testid="badge-photo" />
      ) : (
        <div className="fg-badge-photo" aria-hidden="true" data-testid="badge-no-photo">
          {badge.fullName.trim().charAt(0).toUpperCase()}
        </div>
      )}
      <div className="fg-badge-body">
        <div className="fg-badge-name" data-testid="badge-name">
          {badge.fullName}
        </div>
        {badge.company ? <div data-testid="badge-company">{badge.company}</div> : null}
        <div>
          <span className="fg-badge-label">{t('visits.badge.host')} </span>
          <strong data-testid="badge-host">{badge.hostLabel}</strong>
        </div>
        <div>
          <span className="fg-badge-label">{t('visits.badge.floors')} </span>
          <strong data-testid="badge-floors">{badge.destinationFloors.length > 0 ? badge.destinationFloors.join(', ') : t('common.none')}</strong>
        </div>
        <div>
          <span className="fg-badge-label">{t('visits.badge.validUntil')} </span>
          <strong data-testid="badge-valid-until">{fmt.dateTime(badge.validUntil)}</strong>
        </div>
      </div>
      <div className="fg-badge-qr">
        <img src={svgDataUrl(badge.qrSvg)} alt={t('visits.badge.qrAlt', { ref: badge.ref })} data-testid="badge-qr" />
        <span className="fg-badge-ref" data-testid="badge-ref">
          {badge.ref}
        </span>
      </div>
    </div>
  );
}

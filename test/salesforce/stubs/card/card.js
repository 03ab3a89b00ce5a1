// Stands in for lightning-card, which a real org provides: a title and a default slot.
import { LightningElement, api } from 'lwc';

export default class Card extends LightningElement {
  @api title;
  @api iconName;
}
